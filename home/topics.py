"""The invalidation topics (core.invalidation) of the home page: HOME for its cached block (core.fragments), the
tables its programme figures, rings, activities, projects, lines, stories and network profile are read from;
HOME_FIGURES for the current programme's figures alone, which no story changes, so a new story does not count
them again."""

HOME = "home"
HOME_FIGURES = "home-figures"
