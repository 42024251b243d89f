package pwa

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// .ci/check-node runs first in `make test`: it accepts exactly the Node versions in
// package.json's engines range and names the range when it refuses one.
func TestCheckNode(t *testing.T) {
	script, err := filepath.Abs("../.ci/check-node")
	if err != nil {
		t.Fatal(err)
	}
	tools := []string{"bash", "sed", "head", "dirname"}
	tests := []struct {
		version string // what the fake node prints; "" means no node on PATH
		ok      bool
		says    string
	}{
		{"v24.1.0", true, "satisfies ^20.19.0 || >=22.12.0"},
		{"v22.12.0", true, "satisfies"},
		{"v20.19.0", true, "satisfies"},
		{"v20.20.2", true, "satisfies"},
		{"v22.11.0", false, "need ^20.19.0 || >=22.12.0"},
		{"v21.7.3", false, "need ^20.19.0 || >=22.12.0"},
		{"v20.18.3", false, "need ^20.19.0 || >=22.12.0"},
		{"v18.20.8", false, "install Node 24 or 22 LTS"},
		{"v9.99.99", false, "need ^20.19.0 || >=22.12.0"},
		{"not a version", false, "cannot read the version"},
		{"", false, "Node.js is not installed"},
	}
	for _, tt := range tests {
		name := tt.version
		if name == "" {
			name = "no node"
		}
		t.Run(name, func(t *testing.T) {
			bin := t.TempDir()
			for _, tool := range tools {
				path, err := exec.LookPath(tool)
				if err != nil {
					t.Skipf("%s is not installed", tool)
				}
				if err := os.Symlink(path, filepath.Join(bin, tool)); err != nil {
					t.Fatal(err)
				}
			}
			if tt.version != "" {
				fake := "#!" + filepath.Join(bin, "bash") + "\necho '" + tt.version + "'\n"
				if err := os.WriteFile(filepath.Join(bin, "node"), []byte(fake), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command(filepath.Join(bin, "bash"), script)
			cmd.Env = []string{"PATH=" + bin}
			out, err := cmd.CombinedOutput()
			if (err == nil) != tt.ok {
				t.Fatalf("exit error %v, want ok=%v; output:\n%s", err, tt.ok, out)
			}
			if !strings.Contains(string(out), tt.says) {
				t.Fatalf("output %q does not say %q", out, tt.says)
			}
		})
	}
}
