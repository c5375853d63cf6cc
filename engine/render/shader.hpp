// GL programs built from shaders/*.glsl, which are embedded in the binary at build time.
// Setting GRIDSCOPE_SHADER_DIR reads them from that folder instead (edit-and-restart while
// developing); a compile error names the file and line.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "render/gl_objects.hpp"

namespace gs::gl {

class Program {
public:
    // Builds `<name>.vert.glsl` + `<name>.frag.glsl`. `defines` (e.g. "#define GS_DENSE 1\n") go
    // right after each shader's #version line: variants of one source.
    static Result<Program> build(std::string_view name, std::string_view defines = {});

    void use() const { glUseProgram(handle_.id()); }
    GLint uniform(const char* name);  // cached lookups
    GLuint id() const { return handle_.id(); }

private:
    ProgramHandle handle_;
    std::unordered_map<std::string, GLint> uniforms_;
};

Result<std::string> shaderSource(std::string_view fileName);

}  // namespace gs::gl
