#include "render/cell_renderer.hpp"

#include <cstddef>

namespace gs {

namespace {

void vertexLayout(const gl::VertexArray& vao, const gl::Buffer& buffer) {
    glBindVertexArray(vao.id());
    glBindBuffer(GL_ARRAY_BUFFER, buffer.id());
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(CellVertex), (void*)offsetof(CellVertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(CellVertex), (void*)offsetof(CellVertex, rgba));
    glBindVertexArray(0);
}

}  // namespace

Result<std::unique_ptr<CellRenderer>> CellRenderer::create() {
    std::unique_ptr<CellRenderer> r(new CellRenderer());
    auto program = gl::Program::build("cells");
    if (!program) return program.error();
    r->program_ = std::move(*program);
    r->triangles_ = gl::Buffer::create();
    r->lines_ = gl::Buffer::create();
    r->triVao_ = gl::VertexArray::create();
    r->lineVao_ = gl::VertexArray::create();
    vertexLayout(r->triVao_, r->triangles_);
    vertexLayout(r->lineVao_, r->lines_);
    return r;
}

void CellRenderer::upload(const CellMesh& mesh) {
    origin_ = mesh.origin;
    glBindBuffer(GL_ARRAY_BUFFER, triangles_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(mesh.triangles.size() * sizeof(CellVertex)),
                          mesh.triangles.data(), GL_STATIC_DRAW));
    glBindBuffer(GL_ARRAY_BUFFER, lines_.id());
    GL_CHECK(glBufferData(GL_ARRAY_BUFFER, GLsizeiptr(mesh.lines.size() * sizeof(CellVertex)), mesh.lines.data(),
                          GL_STATIC_DRAW));
    glBindBuffer(GL_ARRAY_BUFFER, 0);
}

void CellRenderer::draw(const Camera& camera, std::uint32_t firstTri, std::uint32_t triCount,
                        std::uint32_t firstLine, std::uint32_t lineCount, float opacity) {
    if (triCount == 0 && lineCount == 0) return;
    program_.use();
    const double scale = 1.0 / camera.unitsPerPixel;
    glUniform2f(program_.uniform("u_offset"), float((origin_.x - camera.center.x) * scale),
                float((origin_.y - camera.center.y) * scale));
    glUniform1f(program_.uniform("u_scale"), float(scale));
    glUniform2f(program_.uniform("u_halfViewport"), float(camera.width) / 2, float(camera.height) / 2);
    glUniform1f(program_.uniform("u_opacity"), opacity);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    if (triCount) {
        glBindVertexArray(triVao_.id());
        glDrawArrays(GL_TRIANGLES, GLint(firstTri), GLsizei(triCount));
    }
    if (lineCount) {
        glBindVertexArray(lineVao_.id());
        glDrawArrays(GL_LINES, GLint(firstLine), GLsizei(lineCount));
    }
    glBindVertexArray(0);
}

}  // namespace gs
