"""Sign in with a password (organisers) or a sign-in link (members); sign out."""

from __future__ import annotations

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hangouts.accounts.actions import find_sign_in_link, signs_in_by_link, use_sign_in_link
from hangouts.accounts.forms import PasswordSignInForm
from hangouts.lib.ratelimit import allow, client_address

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/too_many.html", status=429)


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = PasswordSignInForm(request, data=request.POST or None)
    if request.method == "POST":
        if not allow("password_sign_in", client_address(request)):
            return too_many(request)
        if form.is_valid():
            login(request, form.get_user())
            return redirect(safe_next(request, "/"))
    return render(request, "accounts/sign_in.html", {"form": form, "next": safe_next(request, "")})


@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET only shows a button, so link previews and mail scanners cannot spend the link."""
    if request.method == "POST":
        if not allow("sign_in_link_use", client_address(request)):
            return too_many(request)
        link = find_sign_in_link(token)
        user = use_sign_in_link(token)
        if user is not None and link is not None:
            login(request, user, backend=MODEL_BACKEND)
            return redirect(link.next_path)
        return render(request, "accounts/link_invalid.html", status=410)
    link = find_sign_in_link(token)
    if link is None or not link.is_usable or not link.user.is_active:
        return render(request, "accounts/link_invalid.html", status=410)
    if not signs_in_by_link(link.user):
        return render(request, "accounts/link_invalid.html", status=410)
    return render(request, "accounts/sign_in_link.html", {"link": link})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    return redirect("/")


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """An invited organiser (or one who forgot) chooses a password from an emailed link."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:sign_in")
    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        from django.contrib import messages

        messages.success(self.request, _("Your password is set. Sign in with it now."))
        return super().form_valid(form)
