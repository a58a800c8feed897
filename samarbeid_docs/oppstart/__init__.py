"""Starting a project: `samarbeid ny` writes a complete starter project for any region."""
