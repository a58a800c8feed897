"""Sources and model: read the YAML safely (with file:line for every value), validate it
against the typed model, find the project root, read old revisions and source times from git,
and write the JSON Schemas the editor uses."""
