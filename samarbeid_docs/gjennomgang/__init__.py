"""Review: what changed between two git revisions, in words, in cost tables and as Word
files with tracked changes, and the text of a DOCX or PDF for `git diff`."""
