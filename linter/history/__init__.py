"""English history: git access, page revisions, and the revision a translation was made from."""
