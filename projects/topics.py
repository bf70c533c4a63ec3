"""The invalidation topic (core.invalidation) of the project list's cached blocks (core.fragments): the tables its
projects and filters are read from."""

PORTFOLIO = "project-list"
