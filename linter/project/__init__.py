"""The user's project: configuration and the site layout (which files are English, which translations). Imports
nothing above linter.align.
"""
