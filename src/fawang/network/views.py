from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fawang.network.forms import DirectoryForm
from fawang.network.models import Language
from fawang.network.selectors import DirectoryResult, directory_search


def directory(request: HttpRequest) -> HttpResponse:
    """Public: find a service point, institution or practitioner (nearest first with a point)."""
    form = DirectoryForm(request.GET or None)
    result = DirectoryResult()
    entity = "point"
    if form.is_bound and form.is_valid():
        query = form.to_query()
        entity = query.entity
        result = directory_search(query=query)
    elif not form.is_bound:
        form = DirectoryForm(initial={"what": "point:centre"})
        result = directory_search(query=DirectoryForm.default_query())
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "result": result,
            "entity": entity,
            "language_names": dict(Language.choices),
        },
    )
