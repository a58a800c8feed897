"""Writers: one output format each, from the document IR."""
