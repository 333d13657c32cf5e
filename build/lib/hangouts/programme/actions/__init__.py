"""Programme workflows, one module per area: topics (board, votes, merges), hangouts (scheduling),
series (planning). Import from the module: `from hangouts.programme.actions.topics import vote`."""
