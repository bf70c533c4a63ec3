"""The invalidation topic (core.invalidation) of the home page's cached block (core.fragments): the tables its
programme figures, rings, activities, projects, lines, stories and network profile are read from."""

HOME = "home"
