from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "hangouts.participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # Registers the feedback request with outreach's message kinds (editable wording).
        from hangouts.participation import feedback_requests  # noqa: F401
