use crate::api::UserAdd;
use crate::api::user::{AddParams, Role};
use crate::cli::context::CommandContext;
use crate::cli::error::CliError;
use crate::cli::input;
use crate::cli::output::Human;

/// Add a management user.
///
/// Without --password the password is asked for twice on the terminal. Needs the
/// ClusterAdmin role.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The new user's name: 1-64 characters of A-Z a-z 0-9 . _ @ -, starting with a letter or a digit.
    pub username: String,

    /// The new user's role.
    #[arg(long, value_enum, default_value_t = RoleArg::ReadOnly, ignore_case = true)]
    pub role: RoleArg,

    /// The new user's password (at least 8 characters); asked for when not given.
    #[arg(long)]
    pub password: Option<String>,
}

/// A management role on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    /// May change everything: OIDC, policies, users, buckets, temporary credentials.
    #[value(name = "ClusterAdmin")]
    ClusterAdmin,
    /// May show and list, nothing else.
    #[value(name = "ReadOnly")]
    ReadOnly,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::ClusterAdmin => Role::ClusterAdmin,
            RoleArg::ReadOnly => Role::ReadOnly,
        }
    }
}

pub fn cmd_add(ctx: &CommandContext, args: AddArgs) -> Result<(), CliError> {
    let password = input::given_or_prompted(
        args.password,
        "password",
        "pass --password, or run on a terminal to be asked",
        || input::prompt_new_password(&args.username),
    )?;
    input::check_new_password(&password)?;
    let params = AddParams {
        username: args.username,
        password,
        role: args.role.into(),
    };
    let user = ctx.call::<UserAdd>(params)?;
    ctx.out().emit(&user, |_| {
        Human::Status(format!(
            "User '{}' added with the role {}.",
            user.username, user.role
        ))
    })
}
