"""What the server accepts, checked before anything is stored or drawn.

A request the server refuses gets a 4xx answer with one line saying why, and changes
nothing. The limits are generous for a person and small for a program gone wrong: a
digit drawn at 60 points a second for a minute is 3,600 points.
"""

import json

import numpy as np

MAX_BODY = 256 * 1024  # bytes of a request's body (413 above it)
MAX_POINTS = 5000  # points in one drawing, all strokes together
MAX_STROKES = 100
MAX_CANVAS = 4096  # the side of the square the points are in, in pixels
MIN_CANVAS = 28  # one pixel of the model's 28 x 28 field at the least
MAX_PLAYER = 64  # characters of a player's name
MAX_TIME_MS = 3_600_000  # an hour: a drawing's last point comes sooner


class BadRequest(ValueError):
    """A request the server refuses: `status` and the one line its answer says."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def parse_json(body: bytes) -> dict:
    """The body as a JSON object. NaN and Infinity, which Python's json reads but JSON
    does not have, are refused like any other malformed body."""
    def no_constants(name: str) -> float:
        raise BadRequest(f"{name} is not a JSON number")

    try:
        value = json.loads(body.decode("utf-8"), parse_constant=no_constants)
    except UnicodeDecodeError:
        raise BadRequest("the body is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise BadRequest(f"the body is not JSON ({err.msg} at character {err.pos})") from None
    if not isinstance(value, dict):
        raise BadRequest("the body is not a JSON object")
    return value


def check_canvas(body: dict) -> int:
    """"canvas": the side of the square the points are in, a whole number of pixels."""
    canvas = body.get("canvas")
    if not (isinstance(canvas, int) and not isinstance(canvas, bool)):
        raise BadRequest('"canvas" must be the canvas\'s side in pixels, a whole number')
    if not MIN_CANVAS <= canvas <= MAX_CANVAS:
        raise BadRequest(f'"canvas" must be {MIN_CANVAS}-{MAX_CANVAS} pixels, got {canvas}')
    return canvas


def check_strokes(body: dict, canvas: int, times: bool) -> list[np.ndarray]:
    """"strokes": [[[x, y, t_ms], ...], ...], each stroke one pen-down, in drawing order.
    Points lie within a canvas's width of the canvas (a pen may leave it a little; further
    is not drawing); times, when asked for, are milliseconds from the first point, never
    going back. Without `times` a point may be [x, y] or [x, y, t_ms]. Returns the strokes
    as arrays, (m, 2 or 3) float each."""
    strokes = body.get("strokes")
    if not isinstance(strokes, list) or not strokes:
        raise BadRequest('"strokes" must be a non-empty list of strokes')
    if len(strokes) > MAX_STROKES:
        raise BadRequest(f"too many strokes: {len(strokes)}, at most {MAX_STROKES}")
    if sum(len(s) if isinstance(s, list) else 0 for s in strokes) > MAX_POINTS:
        raise BadRequest(f"too many points: at most {MAX_POINTS} in a drawing")
    sizes = {3} if times else {2, 3}
    shape = "[x, y, t_ms]" if times else "[x, y] or [x, y, t_ms]"
    last_time, arrays = 0.0, []
    for k, stroke in enumerate(strokes):
        if not isinstance(stroke, list) or not stroke:
            raise BadRequest(f"stroke {k} must be a non-empty list of points")
        # every point a list of 2 or 3 numbers, the same in a stroke: JSON's true and "1"
        # are not numbers here
        lengths = {len(point) for point in stroke if type(point) is list}
        if not ({type(point) for point in stroke} == {list}
                and len(lengths) == 1 and lengths <= sizes
                and {type(v) for point in stroke for v in point} <= {int, float}):
            raise BadRequest(f"stroke {k}: a point must be {shape}, numbers")
        points = np.array(stroke, dtype=float)  # (m, 2 or 3); a huge int becomes inf
        if not (np.abs(points[:, :2] - canvas / 2) <= 1.5 * canvas).all():  # NaN fails too
            raise BadRequest(f"stroke {k}: a point is far outside the {canvas}-pixel canvas "
                             "(more than a canvas's width), or not a finite number")
        if times:
            clock = np.concatenate([[last_time], points[:, 2]])
            if not ((np.diff(clock) >= 0).all() and clock[-1] <= MAX_TIME_MS):
                raise BadRequest(f"stroke {k}: a time goes back, or is past an hour; times "
                                 "count milliseconds from the drawing's start")
            last_time = clock[-1]
        arrays.append(points)
    return arrays


def check_drawing(body: dict) -> tuple[int, str, int, list]:
    """A drawing to store: (digit, player, canvas, strokes as sent)."""
    digit = body.get("digit")
    if not (isinstance(digit, int) and not isinstance(digit, bool)):
        raise BadRequest('"digit" must be a whole number 0-9')
    if not 0 <= digit <= 9:
        raise BadRequest(f'"digit" must be 0-9, got {digit}')
    player = body.get("player")
    if not (isinstance(player, str) and player.strip() and len(player) <= MAX_PLAYER
            and player.isprintable()):
        raise BadRequest(f'"player" must be a name: printable text, 1-{MAX_PLAYER} characters')
    canvas = check_canvas(body)
    check_strokes(body, canvas, times=True)
    return digit, player, canvas, body["strokes"]


def check_predict(body: dict) -> tuple[int, list[np.ndarray]]:
    """A drawing to read: (canvas, strokes as (m, 2 or 3) arrays)."""
    canvas = check_canvas(body)
    return canvas, check_strokes(body, canvas, times=False)
