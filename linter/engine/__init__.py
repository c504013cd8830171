"""Running rules: the rule API, registry, runner, site facts, structural keys, suppressions, baselines, export-
wide collapsing.
"""
