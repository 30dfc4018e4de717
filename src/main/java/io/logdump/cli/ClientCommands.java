package io.logdump.cli;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The client subcommands of {@code logdump}, each a call of the REST API of a running server over
 * HTTP (this package knows no other Logdump package). Every command takes {@code --server URL}
 * and {@code --json}, after the subcommand or before it, and signs in with {@code $LOGDUMP_TOKEN}
 * or the token {@code logdump login} stored for the server (see {@link Credential}). Exit status:
 * 0 done, 1 the server refused or could not be reached, 2 bad usage.
 */
public final class ClientCommands {
    /** The name of the mixin that gives the root command the common options of the client commands. */
    static final String ROOT_OPTIONS = "clientOptions";

    private ClientCommands() {}

    /**
     * Adds the client subcommands to the root command, and their common options ({@code --server},
     * {@code --json}) to the root itself, so that they may come before the subcommand. Given
     * before a subcommand that is not a client command ({@code logdump --json server}), they are a
     * usage mistake; after it, that command's own options decide (so {@code bench ingest --server}
     * keeps its meaning).
     */
    public static void register(CommandLine root) {
        List<Object> commands = List.of(new RegionsCommand(), new BucketsCommand(), new LogSetsCommand(), new SubjectsCommand(),
                new CollectionCommand(), new LogsCommand(), new TasksCommand(), new HistoryCommand(), new FilesCommand(),
                new VerifyCommand(), new HealthCommand(), new LoginCommand(), new LogoutCommand(), new WhoamiCommand(),
                new UsersCommand(), new TokensCommand(), new AccountsCommand());
        commands.forEach(root::addSubcommand);
        Set<String> clients = commands.stream().map(c -> c.getClass().getAnnotation(Command.class).name()).collect(Collectors.toSet());
        root.addMixin(ROOT_OPTIONS, new ClientOptions());
        IExecutionStrategy next = root.getExecutionStrategy();
        root.setExecutionStrategy(parsed -> {
            rejectRootOptionsOfOtherCommands(root, parsed, clients);
            return next.execute(parsed);
        });
    }

    private static void rejectRootOptionsOfOtherCommands(CommandLine root, ParseResult parsed, Set<String> clients) {
        ParseResult sub = parsed.subcommand();
        if (sub == null || clients.contains(sub.commandSpec().name())) {
            return;
        }
        for (OptionSpec option : root.getCommandSpec().mixins().get(ROOT_OPTIONS).options()) {
            if (parsed.hasMatchedOption(option.longestName())) {
                throw new ParameterException(root, option.longestName() + " is an option of the client commands; 'logdump "
                        + sub.commandSpec().name() + "' does not take it");
            }
        }
    }
}
