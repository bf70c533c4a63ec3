"""The invalidation topic (core.invalidation) of the programme dashboard's cached block (core.fragments): the
tables its figures, routes, stories, attendance, network and documents are read from. Apps above programmes whose
sections the dashboard shows register their own tables in their AppConfig.ready()."""

from core import invalidation

DASHBOARD = "programme-dashboard"

# The apps whose tables the dashboard's blocks of figures, goal tree, budget and partners read (the topic is split
# by app, core.invalidation.split_by_app): not stories or attendance, which only their own sections read.
FIGURES_APPS = ("network", "activities", "impact", "programmes")


def figures_topics() -> list[str]:
    return [invalidation.app_topic(DASHBOARD, app) for app in FIGURES_APPS]
