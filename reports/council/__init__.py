"""The council's own inputs at a council meeting: recorded per discussion
(``reports.models.CouncilInput``), numbered like the presenters' points."""
