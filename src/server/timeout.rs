//! Timeouts for clients that stop sending.
//!
//! `--idle-timeout` bounds how long a client may stay silent: hyper closes a connection whose
//! request headers do not arrive in time (also between keep-alive requests), and
//! [`IdleTimeoutBody`] fails a request whose body stalls, so a slow or stuck client cannot
//! hold a connection, a task and a temporary file forever.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use bytes::Bytes;
use hyper::body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// The error of a request body that sent nothing for the idle timeout.
#[derive(Debug, thiserror::Error)]
#[error("the client sent no request data for {}s; the request timed out", .0.as_secs_f64())]
pub struct RequestStalled(pub Duration);

/// A request body that fails with [`RequestStalled`] when no data arrives for `idle`.
pub struct IdleTimeoutBody {
    inner: Body,
    idle: Duration,
    deadline: Pin<Box<Sleep>>,
}

impl IdleTimeoutBody {
    pub fn new(inner: Body, idle: Duration) -> IdleTimeoutBody {
        IdleTimeoutBody {
            inner,
            idle,
            deadline: Box::pin(tokio::time::sleep(idle)),
        }
    }
}

impl hyper::body::Body for IdleTimeoutBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.deadline.as_mut().reset(Instant::now() + this.idle);
                Poll::Ready(frame.map(|f| f.map_err(Into::into)))
            }
            Poll::Pending => match this.deadline.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Box::new(RequestStalled(this.idle))))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Wraps the request's body in an [`IdleTimeoutBody`].
pub fn limit_request(req: Request, idle: Duration) -> Request {
    req.map(|body| Body::new(IdleTimeoutBody::new(body, idle)))
}

/// `axum::middleware::map_request_with_state` form of [`limit_request`].
pub async fn idle_body(State(idle): State<Duration>, req: Request) -> Request {
    limit_request(req, idle)
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    #[tokio::test]
    async fn a_stalled_body_fails_and_a_flowing_one_does_not() {
        let idle = Duration::from_millis(300);
        let (mut tx, rx) = futures::channel::mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(4);
        let mut limited = IdleTimeoutBody::new(Body::new(http_body_util::StreamBody::new(rx)), idle);
        let started = std::time::Instant::now();
        for _ in 0..4 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            tx.try_send(Ok(Frame::data(Bytes::from_static(b"x"))))
                .expect("send");
            let frame = limited.frame().await.expect("frame").expect("data");
            assert_eq!(frame.into_data().ok(), Some(Bytes::from_static(b"x")));
        }
        assert!(
            started.elapsed() > idle,
            "the body flowed longer than the idle timeout"
        );
        let err = limited.frame().await.expect("an error").expect_err("stalled");
        assert!(err.downcast_ref::<RequestStalled>().is_some(), "{err}");
        assert!(err.to_string().contains("timed out"), "{err}");

        let (tx, rx) = futures::channel::mpsc::channel::<Result<Frame<Bytes>, std::io::Error>>(1);
        drop(tx);
        let mut ended = IdleTimeoutBody::new(Body::new(http_body_util::StreamBody::new(rx)), idle);
        assert!(ended.frame().await.is_none(), "an ended body ends");
    }
}
