"""The invalidation topic (core.invalidation) of the organisation page's cached block (core.fragments): the tables
its lines and people are read from, and those of the sections other apps add to it, which register their own tables
in their AppConfig.ready() (activities, projects, documents)."""

ORGANISATION = "organisation-page"
