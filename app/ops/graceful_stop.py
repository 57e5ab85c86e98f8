"""A sync gunicorn worker that stops (SIGTERM during a deploy) answers the connections already
waiting on the listening socket before it exits.

Otherwise those connections, accepted by the kernel and often already holding a request, are
reset when the last worker closes the socket: the client gets no answer and cannot tell whether
its request ran. The queue is shrunk first, so that new connections are turned away (and
refused once the socket closes, before anything is sent) while the waiting ones are answered.
"""

from typing import Any

from gunicorn.workers.sync import SyncWorker


def answer_waiting_connections(worker: Any) -> None:
    """gunicorn's worker_exit hook, in the worker process, after its last request."""
    if type(worker) is not SyncWorker:  # gthread keeps its own connections (docs: Performance)
        return
    for listener in worker.sockets:
        listener.listen(0)  # at most one more connection may queue from now on
        listener.setblocking(False)
        while True:
            try:
                client, address = listener.accept()
            except OSError:  # nothing waiting any more (BlockingIOError), or the socket is gone
                break
            client.setblocking(True)
            worker.handle(listener, client, address)
    for listener in worker.sockets:
        listener.close()
