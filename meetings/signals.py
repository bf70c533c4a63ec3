"""What the meetings' services announce, for a higher app to act on (notifications tells the line's holders and
followers)."""

from django.dispatch import Signal

# A meeting was planned, or a decision recorded (meetings.services). meeting: the Meeting; decision: the new
# Decision or None for a new meeting; by: the User who wrote it (not told about their own news).
line_news = Signal()
