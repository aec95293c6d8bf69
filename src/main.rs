//! pingshen's entry point: parse the command line and dispatch; nothing else.

use clap::Parser;
use pingshen::cli::{AuditCommand, Cli, Command};
use pingshen::commands::{self, Ctx, Failure};
use pingshen::i18n::Lang;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = Lang::detect(cli.lang);
    let ctx = Ctx {
        db: cli.db.clone().unwrap_or_else(commands::default_db),
        lang,
    };
    match dispatch(&ctx, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("pingshen: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn not_yet(name: &str) -> Result<(), Failure> {
    Err(Failure::refused(format!(
        "`{name}` is declared but not built yet in this version of pingshen"
    )))
}

fn dispatch(ctx: &Ctx, command: Command) -> Result<(), Failure> {
    match command {
        Command::Init { dir } => commands::init::run(ctx, &dir),
        Command::Pledge { expert } => commands::scoring::pledge(ctx, &expert),
        Command::Score {
            app,
            criterion,
            value,
            expert,
            comment,
            reason,
        } => commands::scoring::score(
            ctx,
            &expert,
            &app,
            &criterion,
            &value,
            comment.as_deref(),
            reason.as_deref(),
        ),
        Command::Declare {
            app,
            expert,
            reason,
        } => commands::scoring::declare(ctx, &expert, &app, &reason),
        Command::Recover => commands::recover::run(ctx),
        Command::Audit {
            what: AuditCommand::Verify,
        } => commands::audit::verify(ctx),
        Command::Audit {
            what: AuditCommand::Show,
        } => commands::audit::show(ctx),
        Command::Gen {
            apps,
            experts,
            assign,
            seed,
            out,
        } => commands::gen::run(
            ctx,
            apps,
            experts,
            assign == pingshen::cli::AssignMode::All,
            seed,
            &out,
        ),
        Command::Demo { chair } => commands::demo::run(ctx, chair),
        Command::Intake { .. } => not_yet("intake"),
        Command::Check { .. } => not_yet("check"),
        Command::Triage { .. } => not_yet("triage"),
        Command::Assign { .. } => not_yet("assign"),
        Command::Package { .. } => not_yet("package"),
        Command::Tui {
            expert,
            chair,
            triage,
        } => commands::tui::run(ctx, expert.as_deref(), chair, triage),
        Command::Decide { .. } => not_yet("decide"),
        Command::Receive { .. } => not_yet("receive"),
        Command::Keygen { .. } => not_yet("keygen"),
        Command::Export { .. } => not_yet("export"),
        Command::Verify { .. } => not_yet("verify"),
        Command::Import { .. } => not_yet("import"),
        Command::Merge { .. } => not_yet("merge"),
        Command::Report { .. } => not_yet("report"),
        Command::Search { .. } => not_yet("search"),
        Command::Config { .. } => not_yet("config"),
        Command::Completions { .. } => not_yet("completions"),
        Command::Man => not_yet("man"),
    }
}
