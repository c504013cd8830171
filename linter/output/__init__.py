"""Presenting findings: text/JSON/GitHub/Markdown reporters, SARIF, the HTML report, generated rule docs."""
