"""The invalidation topic (core.invalidation) of the offerings list's cached blocks (core.fragments): the tables its
offerings and filters are read from."""

OFFERINGS = "offerings"
