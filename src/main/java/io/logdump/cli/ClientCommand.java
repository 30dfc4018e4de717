package io.logdump.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of every client command: builds the {@link Client} from the common options (given
 * after the subcommand or before it, see {@link ClientOptions}) and the {@link Credential} for the
 * server ({@code $LOGDUMP_TOKEN}, else the token {@code logdump login} stored), runs the command, and turns a
 * {@link CommandFailure} into {@code logdump: ...} on stderr and exit status 1; that is the only
 * place a failure is printed. A usage mistake is a {@link ParameterException}, which picocli
 * reports with exit status 2.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    ClientOptions options;

    @Spec
    CommandSpec spec;

    /** Does the work: one or more calls of the API, and their output. */
    abstract void run(Client client);

    @Override
    public final Integer call() {
        CommandLine cmd = spec.commandLine();
        ClientOptions given = options();
        String server = serverUrl(given.server);
        try {
            run(new Client(server, Credential.forServer(server, System.getenv(), credentials()), given.json, cmd.getOut(), cmd.getErr()));
            return 0;
        } catch (CommandFailure e) {
            e.lines().forEach(cmd.getErr()::println);
            return 1;
        } finally {
            cmd.getOut().flush();
            cmd.getErr().flush();
        }
    }

    /** Where {@code logdump login} keeps its tokens. */
    CredentialsFile credentials() {
        return CredentialsFile.standard();
    }

    /** A usage mistake that picocli cannot see from the annotations alone (exit status 2). */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The common options in effect for this run. */
    ClientOptions options() {
        CommandSpec root = spec.root().mixins().get(ClientCommands.ROOT_OPTIONS);
        return options.over(root == null ? null : (ClientOptions) root.userObject());
    }

    private String serverUrl(String server) {
        String url = server.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw usage("--server '" + server + "' is not an http:// or https:// URL, e.g. http://127.0.0.1:8080");
    }
}
