"""The build: what is stale, in what order, in parallel and atomically, with the manifest of
what was built from what and the lock that keeps two builds apart."""
