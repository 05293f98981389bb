package io.flinkstarters.cli.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/** {@code command [positional...] [--flag] [--option value]}, with the options each command allows. */
@Internal
public final class Arguments {

    private final String command;
    private final List<String> positional;
    private final Map<String, String> options;

    private Arguments(String command, List<String> positional, Map<String, String> options) {
        this.command = command;
        this.positional = positional;
        this.options = options;
    }

    /**
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Arguments parse(String[] args, Set<String> flags, Set<String> valued) {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command given");
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (flags.contains(arg)) {
                options.put(arg, "true");
            } else if (valued.contains(arg)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                options.put(arg, args[++i]);
            } else if (arg.startsWith("--")) {
                throw new IllegalArgumentException("unknown option " + arg + " for " + args[0]);
            } else {
                positional.add(arg);
            }
        }
        return new Arguments(args[0], List.copyOf(positional), options);
    }

    public String command() {
        return command;
    }

    public List<String> positional() {
        return positional;
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }
}
