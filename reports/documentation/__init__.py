"""Group documentation: report templates, group reports and their
revisions, inputs, participants, photos and the submit / approve workflow."""
