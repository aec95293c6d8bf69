//! The worker thread that owns the review and does every store write, export, signature
//! and rules assessment, so the screen keeps drawing meanwhile; each finished job comes
//! back as one reply on the interface's event channel.

use super::sources::{self, FindingsByApp, Signing};
use crate::model::{Declaration, Score, TriageVerdict};
use crate::review::Review;
use crate::rules::Eligibility;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::JoinHandle;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Pledge {
        expert: String,
    },
    Score {
        expert: String,
        app: String,
        criterion: String,
        value: String,
        comment: Option<String>,
        reason: Option<String>,
    },
    Declare {
        expert: String,
        app: String,
        reason: String,
    },
    Export {
        expert: String,
    },
    Triage {
        app: String,
        verdict: TriageVerdict,
        reason: String,
    },
    /// The rules engine's findings the view shows: one expert's conflicts, or (no expert)
    /// the formal review of every application.
    Assess {
        expert: Option<String>,
    },
}

/// What a job came to. A `Scored` reply with `Ok` means the store has flushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Pledged(Result<(), String>),
    Scored {
        app: String,
        criterion: String,
        result: Result<Score, String>,
    },
    /// The eligibility, the expert's declarations and their conflict findings after it.
    Declared {
        app: String,
        result: Result<(Eligibility, Vec<Declaration>, FindingsByApp), String>,
    },
    Exported(Result<PathBuf, String>),
    /// The verdict signed and stored, and the eligibility that follows.
    Triaged {
        app: String,
        verdict: TriageVerdict,
        reason: String,
        result: Result<Eligibility, String>,
    },
    /// The findings of a `Job::Assess`, and the eligibility they were weighed into (the
    /// first one, when the review was opened unchecked).
    Assessed(Result<(Eligibility, FindingsByApp), String>),
}

pub struct Worker {
    jobs: Option<mpsc::Sender<Job>>,
    handle: Option<JoinHandle<Review>>,
}

fn run(review: &mut Review, signing: &Signing, job: Job) -> Reply {
    match job {
        Job::Pledge { expert } => Reply::Pledged(
            review
                .pledge(&expert)
                .map(|_| ())
                .map_err(|e| e.to_string()),
        ),
        Job::Score {
            expert,
            app,
            criterion,
            value,
            comment,
            reason,
        } => {
            let result = review
                .score(
                    &expert,
                    &app,
                    &criterion,
                    &value,
                    comment.as_deref(),
                    reason.as_deref(),
                )
                .map_err(|e| e.to_string());
            Reply::Scored {
                app,
                criterion,
                result,
            }
        }
        Job::Declare {
            expert,
            app,
            reason,
        } => {
            let result = review
                .declare(&expert, &app, &reason)
                .map_err(|e| e.to_string())
                .and_then(|_| {
                    let decl = review
                        .store
                        .declarations(Some(&expert))
                        .map_err(|e| e.to_string())?;
                    let findings = sources::conflict_findings(
                        &review.campaign,
                        &review.decisions,
                        &decl,
                        &expert,
                        &review.eligibility,
                    );
                    Ok((review.eligibility.clone(), decl, findings))
                });
            Reply::Declared { app, result }
        }
        Job::Export { expert } => Reply::Exported(sources::export_sheet(review, &expert, signing)),
        Job::Triage {
            app,
            verdict,
            reason,
        } => {
            let result = sources::triage_decide(review, signing, &app, verdict, &reason);
            Reply::Triaged {
                app,
                verdict,
                reason,
                result,
            }
        }
        Job::Assess { expert: Some(e) } => Reply::Assessed(assess_expert(review, &e)),
        Job::Assess { expert: None } => Reply::Assessed(
            checked(review)
                .map(|_| {
                    sources::application_findings(
                        &review.campaign,
                        &review.decisions,
                        &review.eligibility,
                    )
                })
                .map(|f| (review.eligibility.clone(), f)),
        ),
    }
}

/// Weighs the review's formal review and conflicts if it was opened unchecked; the
/// assessment when it did.
fn checked(review: &mut Review) -> Result<Option<crate::rules::Assessment>, String> {
    if review.is_checked() {
        return Ok(None);
    }
    review.check().map(Some).map_err(|e| e.to_string())
}

/// One expert's conflict findings and the eligibility: from the assessment that weighs
/// them when the review is still unchecked (one search of the expert's conflicts, not
/// two), else from the rules engine.
fn assess_expert(
    review: &mut Review,
    expert: &str,
) -> Result<(Eligibility, FindingsByApp), String> {
    let fresh = checked(review)?;
    let findings = match fresh {
        // Focused on this expert, the assessment's findings are exactly their conflicts.
        Some(a) if review.focus() == &crate::decisions::Focus::Expert(expert.to_string()) => {
            sources::conflicts_by_app(a.findings, expert, &review.eligibility)
        }
        _ => {
            let decl = review
                .store
                .declarations(Some(expert))
                .map_err(|err| err.to_string())?;
            sources::conflict_findings(
                &review.campaign,
                &review.decisions,
                &decl,
                expert,
                &review.eligibility,
            )
        }
    };
    Ok((review.eligibility.clone(), findings))
}

impl Worker {
    /// Starts the worker; `reply` is called on the worker thread with each result.
    pub fn spawn(
        mut review: Review,
        signing: Signing,
        reply: impl Fn(Reply) + Send + 'static,
    ) -> Worker {
        let (tx, rx) = mpsc::channel::<Job>();
        let handle = std::thread::Builder::new()
            .name("pingshen-worker".into())
            .spawn(move || {
                for job in rx {
                    reply(run(&mut review, &signing, job));
                }
                review
            })
            .ok();
        Worker {
            jobs: Some(tx),
            handle,
        }
    }

    /// Queues a job; false if the worker is gone.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.as_ref().is_some_and(|tx| tx.send(job).is_ok())
    }

    /// Finishes every queued job (so nothing accepted is lost) and hands the review back.
    pub fn finish(mut self) -> Option<Review> {
        self.jobs.take();
        self.handle.take().and_then(|h| h.join().ok())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.jobs.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
