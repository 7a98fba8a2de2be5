fn main() -> std::process::ExitCode {
    weka::cli::run()
}
