"""The project's URLs plus a few staff pages, one per kind of rule, for the decorator tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from callidarity.accounts.decorators import staff_view


@staff_view("aid.members")
def members(request: HttpRequest) -> HttpResponse:
    return HttpResponse("The people we support")


@staff_view("donations")
def gifts(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Gifts")


@staff_view()
def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Organizers only")


urlpatterns = [
    path("staff-test/members/", members, name="test-members"),
    path("staff-test/gifts/", gifts, name="test-gifts"),
    path("staff-test/undeclared/", undeclared, name="test-undeclared"),
    path("", include("callidarity.urls")),
]
