"""Reading a page: decoding, positions, front matter, pymdown containers, the page tree, slugs, the site's
renderer dialect and English detection. Imports nothing above it.
"""
