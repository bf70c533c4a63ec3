"""The invalidation topics (core.invalidation) of the calendar's cached blocks (core.fragments): the tables its
activities and filters are read from (CALENDAR), and the few its filter panel's choices are read from
(CALENDAR_FILTERS), so that a new or edited activity renews the results but not the filters."""

CALENDAR = "calendar"
CALENDAR_FILTERS = "calendar-filters"
