"""Signals of the save services, for work that belongs to a higher app (the search index listens to them).

bulk_create sends no post_save and a many-to-many table filled by bulk_create no m2m_changed, so each bulk
create service in an app's services.py announces its new records with `created_in_bulk` once they and their links
are stored.
"""

from django.dispatch import Signal

# sender: the model; records: the new records, with their primary keys.
created_in_bulk = Signal()

# A coordinator published a draft (core.services.set_publication). sender: the model; record: the published record.
# The notifications app tells the record's editors.
record_published = Signal()

# A coordinator sent a draft back to its editors with a reason (core.services.send_back). sender: the model; record:
# the record, its sent_back_reason filled. The notifications app tells the record's editors.
record_sent_back = Signal()

# A coordinator merged organisations, or undid a merge (network.merging): rows of other apps moved between them by
# their keys, without saves. sender: Organisation; organisations: those that exist now and whose rows changed. The
# search index re-indexes them and the records that carry their names.
organisations_merged = Signal()

# A coordinator renamed a theme or merged one into another (network.themes): links moved by their keys, without
# saves. sender: Theme; themes: the themes whose records changed. The search index re-indexes those records.
themes_changed = Signal()
