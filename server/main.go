// Command server runs the customer-service GraphQL API and serves the PWA.
//
//	server [serve]     serve HTTP (default)
//	server migrate     apply pending database migrations and exit
//	server seed        load the demo organisation into an empty database
//	server token       print an access token for a staff member or partner (for scripts)
//	server rotate-keys add a new token signing key (send SIGHUP to running servers)
//
// Every subcommand takes -h.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	_ "time/tzdata" // the organisation's zone must load on machines without tzdata
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

var commands = map[string]struct {
	summary string
	run     func(ctx context.Context, cfg *Config, fs *flag.FlagSet, args []string, out io.Writer, log *slog.Logger) error
}{
	"serve":           {"serve the GraphQL API and the PWA (default)", cmdServe},
	"migrate":         {"apply pending database migrations and exit", cmdMigrate},
	"seed":            {"load the demo organisation into an empty database", cmdSeed},
	"token":           {"print an access token for a staff member or partner", cmdToken},
	"rotate-keys":     {"add a new token signing key; SIGHUP running servers to use it", cmdRotateKeys},
	"rotate-push-key": {"make a new Web Push (VAPID) key current; phones subscribe again with it", cmdRotatePushKey},
	"version":         {"print the version and commit this binary was built from", cmdVersion},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: server [command] [flags]\n\ncommands:")
	for _, name := range []string{"serve", "migrate", "seed", "token", "rotate-keys", "rotate-push-key", "version"} {
		fmt.Fprintf(w, "  %-16s %s\n", name, commands[name].summary)
	}
	fmt.Fprintln(w, "\nRun 'server <command> -h' for the flags of a command.")
}

func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	} else if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		usage(out)
		fmt.Fprintln(out, "\nflags of serve:")
	}
	cmd, ok := commands[name]
	if !ok {
		usage(errOut)
		return fmt.Errorf("unknown command %q", name)
	}
	fs := flag.NewFlagSet("server "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	cfg := bindConfig(fs)
	return cmd.run(ctx, cfg, fs, args, out, nil)
}

func newLogger(level string, w io.Writer) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}
