"""Synthetic networks: a realistic, repeatable network of a chosen size in an empty database (issue 9).

`run.generate(factor, seed, today)` fills the database with `factor` times a city (base.CITY): organisations with a
heavy-tailed share of the activities, activities spread over three past years and the coming year, projects,
offerings, programmes with their goal trees, attendance lists and stories. One function per kind of record, grouped
by stage (directory, programmes, activities, attendance, stories); each writes with bulk_create in batches and keeps
only small tuples of what later kinds need in base.Network, so a national network (ten cities) fits in memory. The
word lists are in name_parts and phrases.

Deterministic: every kind draws from its own random.Random seeded with the seed and the kind's name, dates are
relative to `today`, and automatic timestamps are written from the data (explicit_timestamps), so one seed and one
day give the same records every time. Only the cache version tokens (core.CacheVersion) are random:
they key caches, and a token shared by two different databases could serve one database's cached results to the other.

bulk_create skips signals and the save services, so `run.finish` does what they would have done: the search index is
rebuilt, the network map gets a new version, first-time flags and head counts are computed here (set-based) by the
rules of attendance.services, and story parts get their stems and evidence links.
"""
