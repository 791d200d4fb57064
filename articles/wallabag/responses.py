"""wallabag's response shapes: JSON with nulls kept, and one error shape
({"error": code, "error_description": text}, as its OAuth layer answers) for every status."""

from django.http import JsonResponse


def json_response(data, status: int = 200, **headers) -> JsonResponse:
    return JsonResponse(
        data,
        status=status,
        safe=False,  # /api/version is a bare string, /api/tags a list
        json_dumps_params={"ensure_ascii": False},
        headers=headers or None,
    )


def error(status: int, code: str, description: str, **headers) -> JsonResponse:
    return json_response({"error": code, "error_description": description}, status, **headers)
