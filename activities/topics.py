"""The invalidation topic (core.invalidation) of the calendar's cached blocks (core.fragments): the tables its
activities and filters are read from."""

CALENDAR = "calendar"
