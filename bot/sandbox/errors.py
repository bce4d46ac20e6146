"""Bot API error answers: the exception methods raise and Telegram's exact descriptions."""

from __future__ import annotations

from typing import Any

CHAT_NOT_FOUND = "Bad Request: chat not found"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
PARSE_ENTITIES = "Bad Request: can't parse entities: "
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_TEXT_ONLY = (
    "Bad Request: can't parse inline keyboard button: "
    "Text buttons are unallowed in the inline keyboard"
)
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
# The emulator's own wording: Telegram refuses these, the exact texts are not documented.
BUTTON_TEXT_EMPTY = "Bad Request: inline keyboard button text must be non-empty"
MARKUP_TOO_LONG = "Bad Request: REPLY_MARKUP_TOO_LONG"
BUTTON_TYPE_INVALID = "Bad Request: BUTTON_TYPE_INVALID"
REPLY_MARKUP_INVALID = "Bad Request: can't parse reply keyboard markup JSON object"
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
CANT_EDIT = "Bad Request: message can't be edited"
CANT_DELETE = "Bad Request: message can't be deleted"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
REPLY_NOT_FOUND = "Bad Request: message to be replied not found"
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
BLOCKED = "Forbidden: bot was blocked by the user"
CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
KICKED_GROUP = "Forbidden: bot was kicked from the group chat"
KICKED_SUPERGROUP = "Forbidden: bot was kicked from the supergroup chat"
MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
UNAUTHORIZED = "Unauthorized"
NOT_FOUND = "Not Found"
CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WRONG_ACTION = "Bad Request: wrong parameter action in request"
USER_NOT_FOUND = "Bad Request: user not found"
FILE_ID_INVALID = "Bad Request: wrong file identifier/HTTP URL specified"
COMMAND_INVALID = "Bad Request: BOT_COMMAND_INVALID"
COMMAND_DESCRIPTION_INVALID = "Bad Request: command description is empty"
WEBHOOK_REFUSED = "Bad Request: bad webhook: the emulator calls addresses on 127.0.0.1 only"
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
INTERNAL = "Internal Server Error"
BAD_GATEWAY = "Bad Gateway"

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: UNAUTHORIZED,
    403: "Forbidden",
    404: NOT_FOUND,
    409: "Conflict",
    429: "Too Many Requests",
    500: INTERNAL,
    502: BAD_GATEWAY,
    503: "Service Unavailable",
}


class ApiError(Exception):
    """A Bot API error answer: HTTP status, description and optional ResponseParameters."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, description)


def missing(field: str) -> ApiError:
    return ApiError(400, f"Bad Request: {field} is empty")


def forbidden(description: str) -> ApiError:
    return ApiError(403, description)


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def migrated(new_chat_id: int) -> ApiError:
    return ApiError(400, MIGRATED, {"migrate_to_chat_id": new_chat_id})
