# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_weka_global_optspecs
    string join \n H/hostname= P/port= tls ca-cert= J/json no-header color= C/connect-timeout= T/timeout= v/verbose h/help V/version
end

function __fish_weka_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_weka_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_weka_using_subcommand
    set -l cmd (__fish_weka_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c weka -n "__fish_weka_needs_command" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_needs_command" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_needs_command" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_needs_command" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_needs_command" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_needs_command" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_needs_command" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_needs_command" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_needs_command" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_needs_command" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_needs_command" -s V -l version -d 'Print version'
complete -c weka -n "__fish_weka_needs_command" -f -a "user" -d 'Log in and out, and manage the management users'
complete -c weka -n "__fish_weka_needs_command" -f -a "s3" -d 'Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets'
complete -c weka -n "__fish_weka_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c weka -n "__fish_weka_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "login" -d 'Log in to weka-server and keep the session for later commands'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "logout" -d 'End the session with the server and forget its tokens'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "whoami" -d 'Show who you are logged in as, on which server, and where the session is stored'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "add" -d 'Add a management user'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "list" -d 'List the management users'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "remove" -d 'Remove a management user and end their sessions'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "passwd" -d 'Change a password: your own, or (as ClusterAdmin) another user\'s'
complete -c weka -n "__fish_weka_using_subcommand user; and not __fish_seen_subcommand_from login logout whoami add list remove passwd help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -l local -d 'Only forget the local tokens; do not contact the server'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from whoami" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -l role -d 'The new user\'s role' -r -f -a "ClusterAdmin\t'May change everything: OIDC, policies, users, buckets, temporary credentials'
ReadOnly\t'May show and list, nothing else'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -l password -d 'The new user\'s password (at least 8 characters); asked for when not given' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -l yes -d 'Confirm the removal'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -l password -d 'The new password (at least 8 characters); asked for when not given' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -l current-password -d 'Your current password, needed to change your own; asked for when not given' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "login" -d 'Log in to weka-server and keep the session for later commands'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "logout" -d 'End the session with the server and forget its tokens'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "whoami" -d 'Show who you are logged in as, on which server, and where the session is stored'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a management user'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the management users'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a management user and end their sessions'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Change a password: your own, or (as ClusterAdmin) another user\'s'
complete -c weka -n "__fish_weka_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -f -a "cluster" -d 'Cluster-wide S3 settings: the OIDC identity provider'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -f -a "policy" -d 'IAM policies, named as the identity provider\'s role values'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -f -a "sts" -d 'Temporary credentials issued by the STS endpoint'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -f -a "bucket" -d 'Buckets of the S3 gateway'
complete -c weka -n "__fish_weka_using_subcommand s3; and not __fish_seen_subcommand_from cluster policy sts bucket help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -f -a "oidc" -d 'The OIDC identity provider whose tokens the STS endpoint accepts'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from cluster" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "add" -d 'Add an IAM policy from a JSON file'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "list" -d 'List the IAM policies'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Show an IAM policy\'s document'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "remove" -d 'Remove an IAM policy'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "attach" -d 'Attach an IAM policy to an identity'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "detach" -d 'Detach an IAM policy from an identity'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from policy" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -f -a "list" -d 'List the temporary credentials that have not expired'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -f -a "revoke" -d 'Revoke temporary credentials before they expire'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from sts" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -f -a "create" -d 'Create a bucket'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -f -a "list" -d 'List the buckets'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -f -a "remove" -d 'Remove a bucket'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from bucket" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from help" -f -a "cluster" -d 'Cluster-wide S3 settings: the OIDC identity provider'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from help" -f -a "policy" -d 'IAM policies, named as the identity provider\'s role values'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from help" -f -a "sts" -d 'Temporary credentials issued by the STS endpoint'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from help" -f -a "bucket" -d 'Buckets of the S3 gateway'
complete -c weka -n "__fish_weka_using_subcommand s3; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand completions" -s H -l hostname -d 'The management server\'s host name or IP address' -r
complete -c weka -n "__fish_weka_using_subcommand completions" -s P -l port -d 'The management API port' -r
complete -c weka -n "__fish_weka_using_subcommand completions" -l ca-cert -d 'Trust the CA certificate(s) in this PEM file besides the system\'s; implies --tls' -r -F
complete -c weka -n "__fish_weka_using_subcommand completions" -l color -d 'When to color table headers and status words; NO_COLOR turns `auto` off' -r -f -a "auto\t'Color when stdout is a terminal and `NO_COLOR` is not set'
always\t'Always color, even into a pipe'
never\t'Never color'"
complete -c weka -n "__fish_weka_using_subcommand completions" -s C -l connect-timeout -d 'Seconds to wait for the connection to the server' -r
complete -c weka -n "__fish_weka_using_subcommand completions" -s T -l timeout -d 'Seconds to wait for each answer of the server' -r
complete -c weka -n "__fish_weka_using_subcommand completions" -l tls -d 'Connect with TLS (HTTPS); needed when weka-server listens with TLS'
complete -c weka -n "__fish_weka_using_subcommand completions" -s J -l json -d 'Print results (and errors, on stderr) as JSON'
complete -c weka -n "__fish_weka_using_subcommand completions" -l no-header -d 'Leave out table headers'
complete -c weka -n "__fish_weka_using_subcommand completions" -s v -l verbose -d 'Log each request\'s method and timing to stderr (never tokens or passwords)'
complete -c weka -n "__fish_weka_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c weka -n "__fish_weka_using_subcommand help; and not __fish_seen_subcommand_from user s3 completions help" -f -a "user" -d 'Log in and out, and manage the management users'
complete -c weka -n "__fish_weka_using_subcommand help; and not __fish_seen_subcommand_from user s3 completions help" -f -a "s3" -d 'Configure S3: the OIDC provider, IAM policies, temporary credentials and buckets'
complete -c weka -n "__fish_weka_using_subcommand help; and not __fish_seen_subcommand_from user s3 completions help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c weka -n "__fish_weka_using_subcommand help; and not __fish_seen_subcommand_from user s3 completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "login" -d 'Log in to weka-server and keep the session for later commands'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "logout" -d 'End the session with the server and forget its tokens'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "whoami" -d 'Show who you are logged in as, on which server, and where the session is stored'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Add a management user'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List the management users'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "remove" -d 'Remove a management user and end their sessions'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "passwd" -d 'Change a password: your own, or (as ClusterAdmin) another user\'s'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from s3" -f -a "cluster" -d 'Cluster-wide S3 settings: the OIDC identity provider'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from s3" -f -a "policy" -d 'IAM policies, named as the identity provider\'s role values'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from s3" -f -a "sts" -d 'Temporary credentials issued by the STS endpoint'
complete -c weka -n "__fish_weka_using_subcommand help; and __fish_seen_subcommand_from s3" -f -a "bucket" -d 'Buckets of the S3 gateway'
