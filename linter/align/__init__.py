"""Pairing the translated tree with the English tree. Imports only linter.parse below it."""
