"""Synthetic networks: a realistic, repeatable network of a chosen size in an empty database (issue 9).

`run.generate(factor, seed, today)` fills the database with `factor` times a city (base.CITY): organisations with a
heavy-tailed share of the activities, activities spread over three past years and the coming year, projects,
offerings, programmes with their goal trees, attendance lists and stories. One function per kind of record, grouped
by stage (directory, programmes, activities, attendance, stories); each writes in batches through the owning app's
bulk create services (network, activities, projects, offerings, stories, impact, programmes: create_*), which keep the
rules of the single save (slugs, name and alias keys, link rows, story stems, evidence links, ring checks), and keeps
only small tuples of what later kinds need in base.Network, so a national network (ten cities) fits in memory. The
word lists are in name_parts and phrases.

Deterministic: every kind draws from its own random.Random seeded with the seed and the kind's name, dates are
relative to `today`, and automatic timestamps are written from the data (explicit_timestamps), so one seed and one
day give the same records every time. Only the cache version tokens (core.CacheVersion) are random:
they key caches, and a token shared by two different databases could serve one database's cached results to the other.

The services announce their records (core.signals.created_in_bulk); the stages run in one core.batching batch, so
search indexes them once at its end, set-based. What has no bulk service yet is written with bulk_create here and
handled by hand: lines and programmes are indexed in run.index_the_rest, the network map gets a new version, and
attendance's first-time flags and head counts are computed set-based by the rules of attendance.services.
"""
