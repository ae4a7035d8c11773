"""What the report prints about a challenge group (the 2016 format): its
owner, facilitator and members, the problem and the desired result, as the
2016 report did for each group ("Eier", "Fasilitator", "Deltakere",
"Problemstilling", "Ønsket resultat").

``challenge_facts`` reads them for any number of groups in two queries;
``templates/reports/_report_challenge.html`` prints them.
"""

from dataclasses import dataclass, field

from proposals.models import ChallengeRegistration, ChallengeStatus


@dataclass
class ChallengeFacts:
    group_pk: int
    title: str
    owner: str
    organisation: str
    facilitator: str
    problem: str
    desired_result: str
    members: list[str] = field(default_factory=list)

    @property
    def owner_display(self) -> str:
        return ", ".join(part for part in (self.owner, self.organisation) if part)


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def challenge_facts(group_pks) -> dict[int, ChallengeFacts]:
    """``{group pk: ChallengeFacts}`` for those of ``group_pks`` that are
    approved challenge groups (others are left out), in two queries."""
    group_pks = list(group_pks)
    if not group_pks:
        return {}
    registrations = (
        ChallengeRegistration.objects.filter(
            status=ChallengeStatus.APPROVED, topic__group__pk__in=group_pks
        )
        .select_related("facilitator", "topic__group")
        .prefetch_related("members")
    )
    facts = {}
    for registration in registrations:
        group_pk = registration.topic.group.pk
        facts[group_pk] = ChallengeFacts(
            group_pk=group_pk,
            title=registration.title,
            owner=registration.owner,
            organisation=registration.organisation,
            facilitator=_user_name(registration.facilitator),
            problem=registration.problem,
            desired_result=registration.desired_result,
            members=[member.display for member in registration.members.all()],
        )
    return facts
