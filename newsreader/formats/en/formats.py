"""Dates in one style everywhere, the admin included: 28 Nov 2024 (cards, search results and
the reader print the same through articles.cards.day_label, leaving out the current year)."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
TIME_FORMAT = "H:i"
