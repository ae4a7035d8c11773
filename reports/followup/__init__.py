"""Follow-up after the arena: each input's status over time (received, under
review, taken into the strategy under a pillar, not taken forward with a
reason), the groups' next steps as "what is due", and the participants'
phone page of what became of their groups' inputs."""
