//! `config show`, `completions SHELL` and `man`: the program describing itself.

use super::{Failure, Outcome};
use crate::cli::{Cli, ShellArg};
use clap::CommandFactory;

pub fn config_show(config: &crate::config::Config, lang: crate::i18n::Lang) -> Outcome {
    print!("{}", config.render_in(lang));
    Ok(())
}

pub fn completions(shell: ShellArg) -> Outcome {
    use clap_complete::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Elvish => Shell::Elvish,
        ShellArg::Powershell => Shell::PowerShell,
    };
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "pingshen", &mut std::io::stdout());
    Ok(())
}

/// The man page: the main page (which lists every subcommand), then each subcommand's
/// synopsis, description and options.
pub fn man_page() -> Result<Vec<u8>, std::io::Error> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        let name = format!("pingshen {}", sub.get_name());
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        let page = clap_mangen::Man::new(sub.clone().name(name));
        page.render_synopsis_section(&mut out)?;
        page.render_description_section(&mut out)?;
        page.render_options_section(&mut out)?;
    }
    Ok(out)
}

pub fn man() -> Outcome {
    use std::io::Write;
    let lang = crate::i18n::Lang::of_run();
    let failed = |e: std::io::Error| {
        let why = crate::i18n::io_phrase(lang, &e);
        Failure::refused(lang.say(
            format!("无法输出手册页（{why}）"),
            format!("the man page could not be written ({why})"),
        ))
    };
    let page = man_page().map_err(failed)?;
    std::io::stdout().write_all(&page).map_err(failed)
}
