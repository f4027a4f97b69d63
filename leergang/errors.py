"""Friendly error pages: never a stack trace for a user."""

from django.shortcuts import render
from django.views import View


class ErrorPageView(View):
    """Django calls an error handler for a request of any method: every method gets the page."""

    template_name = ""
    status = 500

    def dispatch(self, request, *args, **kwargs):
        return render(request, self.template_name, status=self.status)


class PageNotFoundView(ErrorPageView):
    template_name = "404.html"
    status = 404


class ServerErrorView(ErrorPageView):
    template_name = "500.html"
    status = 500


# ``handler404`` and ``handler500`` in leergang/urls.py name these.
page_not_found = PageNotFoundView.as_view()
server_error = ServerErrorView.as_view()
