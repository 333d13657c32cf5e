from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "hangouts.awards"
    verbose_name = _("Awards")

    def ready(self) -> None:
        # Registers the award announcement with outreach's message kinds (editable wording).
        from hangouts.awards import announcement  # noqa: F401
