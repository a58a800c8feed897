"""Decision support: population figures from SSB and what-if scenarios (a merger) built
without touching the sources."""
