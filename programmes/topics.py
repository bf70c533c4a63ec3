"""The invalidation topic (core.invalidation) of the programme dashboard's cached block (core.fragments): the
tables its figures, routes, stories, attendance, network and documents are read from. Apps above programmes whose
sections the dashboard shows register their own tables in their AppConfig.ready()."""

DASHBOARD = "programme-dashboard"
