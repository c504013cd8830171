"""Command-line entry points; thin wrappers over the layers below."""
